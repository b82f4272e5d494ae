import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { UserDto } from '../users/user.dto';
import { EmailField, NameField, NewPasswordField } from '../users/user-fields';
import { PASSWORD_MAX_LENGTH } from './password-hasher';

/** Self-registration: always an applicant. */
export class RegisterDto {
  @EmailField() email: string;
  @NewPasswordField() password: string;
  @NameField() name: string;

  @ApiPropertyOptional({ pattern: '^\\d{13}$', description: 'Nomor Induk Berusaha, 13 digits', example: '9120001234567' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{13}$/, { message: 'nib must be 13 digits' })
  nib?: string;
}

export class LoginDto {
  @ApiProperty({ example: 'budi@usaha.test' })
  @IsString()
  @IsNotEmpty()
  // blanks only would be an empty address once trimmed: a bad request, not an unknown user
  @Matches(/\S/, { message: 'email must not be blank' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'JWT (HS256) carrying sub, roles, agency and name' }) accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ type: 'integer', minimum: 1, example: 3600, description: 'seconds until the token expires' }) expiresIn: number;
  @ApiProperty({ type: UserDto }) user: UserDto;
}
